/** A list written as words separated by spaces and line breaks (names here have no spaces). */
const words = (text: string): readonly string[] => text.split(/\s+/).filter(Boolean);
/** The same for lists whose entries have spaces: separated by commas. */
const list = (text: string): readonly string[] => text.split(',').map((item) => item.trim());

export interface NameGroup {
  weight: number;
  surnames: readonly string[];
  women: readonly string[];
  men: readonly string[];
  girls: readonly string[];
  boys: readonly string[];
}

/**
 * Name lists for a mixed UK catchment, grouped by heritage so that a family's names go together.
 * Parents' names suit people born around 1970–1990, children's names those born around 2010–2015.
 * None of the words in the demo passwords appear here (no "Willow", for one: P11).
 */
export const NAME_GROUPS: readonly NameGroup[] = [
  {
    weight: 52,
    surnames: words(`
      Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans
      Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Hill Moore Cooper
      Ward Morris King Harris Baker Lewis Martin Mitchell Carter Phillips Shaw Bennett Lloyd
      Fletcher Marshall Holmes Barnes Pearson Webb Atkinson Dixon Hunt Palmer Chapman Foster
      Gibson Hudson Lambert
    `),
    women: words(`
      Sarah Claire Emma Rebecca Laura Gemma Kelly Nicola Joanne Rachel Victoria Helen Louise Lisa
      Amy Hannah Katie Charlotte Natalie Stacey Kirsty Jennifer Zoe Danielle Leanne Samantha
      Michelle
    `),
    men: words(`
      David Mark Paul Andrew James Richard Daniel Matthew Christopher Stephen Lee Craig Darren
      Jamie Neil Simon Adam Thomas Michael Robert Carl Wayne Gavin Ben Jonathan Scott Martin
    `),
    girls: words(`
      Olivia Amelia Isla Ava Lily Sophie Grace Evie Ella Poppy Freya Isabella Emily Jessica Ruby
      Chloe Millie Daisy Phoebe Holly Megan Erin Lucy Matilda Harriet Scarlett Imogen Eleanor
    `),
    boys: words(`
      Oliver Jack Harry George Noah Charlie Jacob Alfie Freddie Oscar Leo Archie Thomas Joshua
      William Henry Ethan Max Harrison Toby Samuel Theo Finley Logan Reuben Isaac Edward
      Alexander
    `),
  },
  {
    weight: 10,
    surnames: words(`
      Murphy O'Brien Kelly Byrne Walsh McCarthy Doyle Campbell MacDonald Stewart Fraser Morgan
      Rees Pritchard Llewellyn Gallagher O'Neill
    `),
    women: words(`
      Siobhan Aoife Niamh Fiona Catriona Sian Bethan Ceri Mairead Kerry Shona Rhian
    `),
    men: words(`
      Ciaran Sean Declan Connor Rhys Gareth Owen Dylan Alistair Euan Padraig Iwan
    `),
    girls: words(`
      Aoife Niamh Orla Caitlin Eilidh Seren Ffion Cerys Roisin Mia Sienna Maisie
    `),
    boys: words(`
      Cillian Oisin Finn Rory Callum Rhys Dylan Euan Lewis Ronan Tadhg Cai
    `),
  },
  {
    weight: 14,
    surnames: words(`
      Patel Khan Ahmed Hussain Shah Singh Sharma Iqbal Rahman Chowdhury Miah Mahmood Akhtar Gill
      Sandhu Mistry Malik
    `),
    women: words(`
      Priya Anjali Nadia Fatima Ayesha Shazia Sunita Rupinder Farah Nusrat Salma Meera Rubina
      Asma
    `),
    men: words(`
      Imran Asif Rajesh Sanjay Tariq Kamran Amir Vikram Harjit Mohammed Nadeem Sunil Shahid
      Jaswinder
    `),
    girls: words(`
      Aaliyah Maryam Zara Anaya Inaya Amira Riya Simran Hafsa Aisha Jasleen Safa Khadija Diya
    `),
    boys: words(`
      Muhammad Ibrahim Yusuf Arjun Aarav Zayn Ayaan Rayan Hamza Armaan Kian Ishaan Zain Rohan
    `),
  },
  {
    weight: 9,
    surnames: words(`
      Okafor Adeyemi Mensah Boateng Osei Nwosu Okonkwo Adebayo Asante Owusu Francis Grant Reid
      Henry Bailey Thomas Richards
    `),
    women: words(`
      Chioma Ngozi Abena Funmilayo Adaeze Akosua Sade Marcia Donna Janelle Yetunde Efua Simone
      Sharon
    `),
    men: words(`
      Emeka Chinedu Kwame Kofi Olumide Tunde Kwabena Marlon Leon Delroy Segun Obinna Andre Clive
    `),
    girls: words(`
      Amara Chidera Adaeze Nia Ama Tiwa Zaria Imani Kemi Ife Nyah Esi Destiny Precious
    `),
    boys: words(`
      Tobi Chidi Kwame Jayden Malachi Kayden David Daniel Emmanuel Samuel Kofi Elijah Joshua
      Tyrese
    `),
  },
  {
    weight: 8,
    surnames: words(`
      Nowak Wójcik Kaczmarek Mazur Krawczyk Zając Popescu Ionescu Popa Dumitru Horvat Novak Lis
      Stan
    `),
    women: words(`
      Agnieszka Katarzyna Magdalena Joanna Monika Ioana Elena Andreea Marta Ewa Alina Dorota
    `),
    men: words(`
      Piotr Tomasz Krzysztof Marcin Paweł Andrei Mihai Bogdan Łukasz Adrian Florin Grzegorz
    `),
    girls: words(`
      Zuzanna Julia Maja Hanna Lena Amelia Natalia Alexandra Ioana Maria Oliwia Bianca
    `),
    boys: words(`
      Jakub Kacper Szymon Filip Antoni Mateusz Luca David Stefan Aleksander Darius Nikola
    `),
  },
  {
    weight: 3,
    surnames: words(`
      Chen Wang Li Zhang Liu Wong Lam Cheung Nguyen Tran
    `),
    women: words(`
      Mei Jing Ying Hui Linh Xiu Thuy
    `),
    men: words(`
      Wei Jun Ming Hao Minh Kai Tuan
    `),
    girls: words(`
      Chloe Emily Grace Jasmine Lily Mei Vivian
    `),
    boys: words(`
      Ethan Ryan Lucas Jason Kevin Ming Aiden
    `),
  },
  {
    weight: 4,
    surnames: words(`
      Yilmaz Demir Kaya Aydin Hassan Mohamed Abdi Farah Ali Haddad Nasser Osman
    `),
    women: words(`
      Ayse Elif Leyla Hodan Amina Fatma Nour Samira Sahra
    `),
    men: words(`
      Mehmet Mustafa Ahmet Abdullahi Omar Khalid Yusuf Hassan Ilyas
    `),
    girls: words(`
      Elif Zeynep Ayan Hana Sara Layla Yasmin Maryam Ikram
    `),
    boys: words(`
      Emir Yusuf Omar Adam Ali Mustafa Zakaria Kerem Bilal
    `),
  },
];

/** Grandparents' generation, for kinship carers and emergency contacts. */
export const ELDER_WOMEN = words('Margaret Susan Patricia Linda Christine Carol Janet');
export const ELDER_MEN = words('John Peter Alan Brian Keith Graham Roger');

/** Names children often go by; a few students have one recorded as their preferred name. */
export const SHORT_NAMES: Readonly<Record<string, string>> = {
  Alexander: 'Alex',
  Aleksander: 'Olek',
  Alexandra: 'Sasha',
  Joshua: 'Josh',
  Samuel: 'Sam',
  Matilda: 'Tilly',
  Isabella: 'Bella',
  Edward: 'Ted',
  Eleanor: 'Ellie',
  Harriet: 'Hattie',
  Emmanuel: 'Manny',
  Zuzanna: 'Zuzia',
};

export const STREETS = list(`
  Station Road, Church Lane, Victoria Road, Mill Lane, Park Avenue, Queens Road,
  The Crescent, Elm Grove, Chestnut Close, Hawthorn Drive, Albert Street, Kingsway,
  Meadow View, School Lane, Highfield Road, Windsor Close, Ashdown Way, Cedar Road,
  Forge Lane, Greenacres, Larch Court, Nelson Street, Oakfield Road, Priory Walk,
  Rosebery Avenue, Stanley Terrace, Tennyson Road, Vicarage Close, Wellington Street
`);

/** Fictional places; 'NF' is not a real postcode area, so no address belongs to anyone. */
export const TOWNS = [
  { town: 'Northfield', district: 'NF1', weight: 5 },
  { town: 'Northfield', district: 'NF2', weight: 4 },
  { town: 'Kingsmoor', district: 'NF4', weight: 2 },
  { town: 'Ashby Green', district: 'NF7', weight: 1 },
] as const;

export const BLOCKS = ['Riverside Court', 'Linden House', 'Foxglove Mews', 'Beech House'];
